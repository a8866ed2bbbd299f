import { badInput } from '../errors';
import { characters, TEXT_LIMITS } from '../text-limits';

const MAX_CLASS_NAME_LENGTH = TEXT_LIMITS.className;

/**
 * Why a class name cannot be used, or null. Class names become folder names when a trainer lays
 * the dataset out in the Keras layout, so they must be one safe path segment.
 */
export function classNameProblem(name: string): string | null {
  if (!name) return 'the class name is empty';
  if (characters(name) > MAX_CLASS_NAME_LENGTH) return `the class name is longer than ${MAX_CLASS_NAME_LENGTH} characters`;
  if (/[/\\]/.test(name)) return "a class name cannot contain '/' or '\\'";
  if (name.startsWith('.')) return "a class name cannot start with '.'";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'a class name cannot contain control characters';
  return null;
}

/** The trimmed class name of an upload's `class` field, or a BAD_USER_INPUT saying what to fix. */
export function validClassName(raw: string | undefined): string {
  if (raw === undefined) {
    throw badInput('The `class` field is missing: send `class` (the class name) before the first file of the multipart body.');
  }
  const name = raw.trim();
  const problem = classNameProblem(name);
  if (problem) throw badInput(`Invalid \`class\` field: ${problem}. Use 1 to ${MAX_CLASS_NAME_LENGTH} characters without '/' or '\\', not starting with '.'.`);
  return name;
}
