/**
 * Orders class names by Unicode code point, as Python's sorted() does and so as Keras numbers
 * class folders ('B' < 'a' < 'c'); localeCompare would not. UTF-8 byte order is code point order.
 */
export function compareCodePoints(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
