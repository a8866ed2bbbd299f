export interface ReadmeCommand {
  /** The command with its whitespace collapsed (continuation lines joined, comment dropped). */
  command: string;
  /** 1-based line of the README where it first appears. */
  line: number;
  kind: 'block' | 'inline';
}
export const REPO_ROOT: string;
export const CHECKED_READMES: string[];
export function extractCommands(markdown: string): ReadmeCommand[];
export function readmeCommands(relativePath: string): ReadmeCommand[];
