// Reads an app's env module (apps/<app>/src/env.ts) with the TypeScript compiler: the keys of its
// zod `z.object({...})` schema, and for each whether it has a default, is optional, or is required.
// This is the list of variables the app reads (STYLE.md: env.ts is the only module that reads
// process.env), so the images and the compose file can be checked against it.
import { readFileSync } from 'node:fs';
import ts from 'typescript';

export interface EnvVar {
  name: string;
  /** Neither .default() nor .optional(): the app refuses to start without it. */
  required: boolean;
  optional: boolean;
  /** The .default() argument as the value it stands for in the environment ("60_000" gives "60000"). */
  defaultValue: string | undefined;
  /** z.enum([...]) choices. */
  choices: string[] | undefined;
  /** The zod calls from the base type outwards, e.g. ["coerce", "number", "int", "min", "max", "default"]. */
  calls: string[];
}

function literalText(node: ts.Expression): string | undefined {
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isNumericLiteral(node)) return String(Number(node.getText().replace(/_/g, '')));
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) {
    return String(-Number(node.operand.getText().replace(/_/g, '')));
  }
  if (node.kind === ts.SyntaxKind.TrueKeyword) return 'true';
  if (node.kind === ts.SyntaxKind.FalseKeyword) return 'false';
  return undefined;
}

function describeProperty(name: string, initializer: ts.Expression): EnvVar {
  const calls: string[] = [];
  let defaultValue: string | undefined;
  let choices: string[] | undefined;
  let node: ts.Expression = initializer;
  for (;;) {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      calls.unshift(method);
      const [first] = node.arguments;
      if (method === 'default' && first) defaultValue = literalText(first);
      if (method === 'enum' && first && ts.isArrayLiteralExpression(first)) {
        choices = first.elements.map((e) => literalText(e)).filter((v): v is string => v !== undefined);
      }
      node = node.expression.expression;
    } else if (ts.isPropertyAccessExpression(node)) {
      calls.unshift(node.name.text);
      node = node.expression;
    } else {
      break;
    }
  }
  const hasDefault = calls.includes('default') || calls.includes('catch');
  const optional = calls.includes('optional') || calls.includes('nullish');
  return { name, required: !hasDefault && !optional, optional, defaultValue, choices, calls };
}

function isZObjectCall(node: ts.Node): node is ts.CallExpression {
  return (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    node.expression.name.text === 'object' &&
    ts.isIdentifier(node.expression.expression) &&
    node.expression.expression.text === 'z'
  );
}

/** The variables of the first `z.object({...})` in the module. */
export function readEnvSchema(file: string): EnvVar[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let schema: ts.ObjectLiteralExpression | undefined;
  const visit = (node: ts.Node) => {
    if (schema) return;
    if (isZObjectCall(node) && node.arguments[0] && ts.isObjectLiteralExpression(node.arguments[0])) {
      schema = node.arguments[0];
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!schema) throw new Error(`${file} has no z.object({...}) schema.`);
  const vars: EnvVar[] = [];
  for (const property of schema.properties) {
    if (!ts.isPropertyAssignment(property)) throw new Error(`${file}: ${property.getText()} is not a plain property; this reader needs NAME: z....`);
    const name = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : property.name.getText();
    vars.push(describeProperty(name, property.initializer));
  }
  return vars;
}
