import { DomainError } from '../errors';

// One thing wrong with a JSON value: where (JSONPath-like, `$` is the root) and what.
export interface ShapeProblem {
  path: string;
  message: string;
}

export enum JsonShapeErrorCode {
  InvalidJsonShape = 'invalid_json_shape',
}

// Thrown before a write when a JSON column value does not have its documented shape.
export class JsonShapeError extends DomainError {
  constructor(
    readonly shape: string,
    readonly problems: ShapeProblem[],
  ) {
    super(JsonShapeErrorCode.InvalidJsonShape, `Invalid ${shape}: ${summarise(problems)}`, 422, { shape, problems });
  }
}

function summarise(problems: ShapeProblem[]): string {
  const shown = problems.slice(0, 3).map((p) => `${p.path} ${p.message}`);
  return problems.length > 3 ? `${shown.join('; ')} (+${problems.length - 3} more)` : shown.join('; ');
}

export function assertShape(shape: string, problems: ShapeProblem[]): void {
  if (problems.length > 0) throw new JsonShapeError(shape, problems);
}

// snake_case identifiers used as keys and tokens: activity keys, sources, constraints, no_thanks items.
export const SLUG_RE = /^[a-z][a-z0-9_]{0,39}$/;

export function isSlug(value: unknown): value is string {
  return typeof value === 'string' && SLUG_RE.test(value);
}

// Number.isFinite and Number.isInteger do not coerce: both are false for every non-number.
export function isFiniteNumber(value: unknown): value is number {
  return Number.isFinite(value);
}

export function isInteger(value: unknown): value is number {
  return Number.isInteger(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function childPath(path: string, key: string | number): string {
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, a number key fails the identifier test below and JSON.stringify writes it as [n] too
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

// A shape checker appends problems and never throws; callers report all problems at once.
export class ShapeChecker {
  readonly problems: ShapeProblem[] = [];

  fail(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  object(value: unknown, path: string): value is Record<string, unknown> {
    if (isPlainObject(value)) return true;
    this.fail(path, 'must be an object');
    return false;
  }

  array(value: unknown, path: string, maxItems: number): value is unknown[] {
    if (!Array.isArray(value)) {
      this.fail(path, 'must be an array');
      return false;
    }
    if (value.length > maxItems) this.fail(path, `must have at most ${maxItems} items`);
    return true;
  }

  // Refuses keys outside `allowed`; reports missing `required` keys.
  keys(obj: Record<string, unknown>, path: string, allowed: readonly string[], required: readonly string[] = []): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.fail(childPath(path, key), 'is not an allowed key');
    }
    for (const key of required) {
      if (!(key in obj)) this.fail(childPath(path, key), 'is required');
    }
  }

  unit(value: unknown, path: string): void {
    this.number(value, path, 0, 1);
  }

  number(value: unknown, path: string, min: number, max: number): void {
    if (!isFiniteNumber(value)) this.fail(path, 'must be a finite number');
    else if (value < min || value > max) this.fail(path, `must be between ${min} and ${max}`);
  }

  integer(value: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): void {
    if (!isInteger(value)) this.fail(path, 'must be an integer');
    else if (value < min || value > max) this.fail(path, `must be between ${min} and ${max}`);
  }

  boolean(value: unknown, path: string): void {
    if (typeof value !== 'boolean') this.fail(path, 'must be true or false');
  }

  slug(value: unknown, path: string): void {
    if (!isSlug(value)) this.fail(path, 'must be a snake_case identifier (a-z, 0-9, _; at most 40 characters)');
  }

  // { slug: boolean }
  flags(value: unknown, path: string, maxKeys: number): void {
    if (!this.object(value, path)) return;
    const keys = Object.keys(value);
    if (keys.length > maxKeys) this.fail(path, `must have at most ${maxKeys} keys`);
    for (const key of keys) {
      const p = childPath(path, key);
      if (!isSlug(key)) this.fail(p, 'key must be a snake_case identifier');
      this.boolean(value[key], p);
    }
  }

  // Unique slugs.
  slugList(value: unknown, path: string, maxItems: number): void {
    if (!this.array(value, path, maxItems)) return;
    const seen = new Set<unknown>();
    value.forEach((item, i) => {
      this.slug(item, childPath(path, i));
      if (seen.has(item)) this.fail(childPath(path, i), 'is a duplicate');
      seen.add(item);
    });
  }
}
