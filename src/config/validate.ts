/**
 * Tiny typed validators for the config file. Each validator takes an untrusted value and the
 * path it was found at, and returns a typed value or throws a ConfigError that names the path
 * (`providers.openai.base_url: must be an http(s) URL`). Objects reject unknown keys, so a typo
 * in config.yaml stops the start instead of being silently ignored.
 */

import { isPlainObject } from "../lib/is-plain-object.js";

export class ConfigError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(path ? `${path}: ${message}` : message);
    this.name = "ConfigError";
    this.path = path;
  }
}

export type Validator<T> = (value: unknown, path: string) => T;

export function joinPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

export const string =
  (options: { nonEmpty?: boolean; pattern?: RegExp; patternHint?: string } = {}): Validator<string> =>
  (value, path) => {
    if (typeof value !== "string") throw new ConfigError(path, `must be a string, got ${describe(value)}`);
    if (options.nonEmpty && value.length === 0) throw new ConfigError(path, "must not be empty");
    if (options.pattern && !options.pattern.test(value))
      throw new ConfigError(path, options.patternHint ?? `must match ${options.pattern}`);
    return value;
  };

export const httpUrl = (): Validator<string> => (value, path) => {
  const text = string({ nonEmpty: true })(value, path);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new ConfigError(path, `must be an http(s) URL, got ${JSON.stringify(text)}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new ConfigError(path, `must be an http(s) URL, got ${JSON.stringify(text)}`);
  return text.replace(/\/+$/, "");
};

export const number =
  (options: { min?: number; max?: number; integer?: boolean } = {}): Validator<number> =>
  (value, path) => {
    if (typeof value !== "number" || !Number.isFinite(value)) throw new ConfigError(path, `must be a number, got ${describe(value)}`);
    if (options.integer && !Number.isInteger(value)) throw new ConfigError(path, `must be an integer, got ${value}`);
    if (options.min !== undefined && value < options.min) throw new ConfigError(path, `must be at least ${options.min}`);
    if (options.max !== undefined && value > options.max) throw new ConfigError(path, `must be at most ${options.max}`);
    return value;
  };

export const boolean = (): Validator<boolean> => (value, path) => {
  if (typeof value !== "boolean") throw new ConfigError(path, `must be true or false, got ${describe(value)}`);
  return value;
};

export const oneOf =
  <const T extends string>(...allowed: T[]): Validator<T> =>
  (value, path) => {
    if (typeof value !== "string" || !(allowed as string[]).includes(value))
      throw new ConfigError(path, `must be one of ${allowed.join(", ")}, got ${describe(value)}`);
    return value as T;
  };

export const list =
  <T>(item: Validator<T>): Validator<T[]> =>
  (value, path) => {
    if (!Array.isArray(value)) throw new ConfigError(path, `must be a list, got ${describe(value)}`);
    return value.map((entry, index) => item(entry, joinPath(path, index)));
  };

export const record =
  <T>(entry: Validator<T>, keyPattern?: RegExp): Validator<Record<string, T>> =>
  (value, path) => {
    if (!isPlainObject(value)) throw new ConfigError(path, `must be a mapping, got ${describe(value)}`);
    const out: Record<string, T> = {};
    for (const [key, raw] of Object.entries(value)) {
      if (keyPattern && !keyPattern.test(key)) throw new ConfigError(joinPath(path, key), `is not a valid name (must match ${keyPattern})`);
      out[key] = entry(raw, joinPath(path, key));
    }
    return out;
  };

/** Marks a key as optional: absent or null gives `fallback`. */
export interface Optional<T> {
  readonly optional: true;
  readonly validate: Validator<T>;
}

export function optional<T>(validate: Validator<T>): Optional<T | undefined>;
export function optional<T>(validate: Validator<T>, fallback: T): Optional<T>;
export function optional<T>(validate: Validator<T>, fallback?: T): Optional<T | undefined> {
  return {
    optional: true,
    validate: (value, path) => (value === undefined || value === null ? fallback : validate(value, path)),
  };
}

type Field = Validator<unknown> | Optional<unknown>;
type FieldValue<F> = F extends Optional<infer T> ? T : F extends Validator<infer T> ? T : never;
export type Shape = Record<string, Field>;
export type ShapeValue<S extends Shape> = { [K in keyof S]: FieldValue<S[K]> };

export const object =
  <S extends Shape>(shape: S): Validator<ShapeValue<S>> =>
  (value, path) => {
    const input = value === undefined || value === null ? {} : value;
    if (!isPlainObject(input)) throw new ConfigError(path, `must be a mapping, got ${describe(value)}`);
    for (const key of Object.keys(input)) {
      if (!Object.hasOwn(shape, key))
        throw new ConfigError(joinPath(path, key), `unknown key (expected one of: ${Object.keys(shape).join(", ")})`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      const raw = input[key];
      const keyPath = joinPath(path, key);
      if (isOptional(field)) out[key] = field.validate(raw, keyPath);
      else if (raw === undefined) throw new ConfigError(keyPath, "is required");
      else out[key] = field(raw, keyPath);
    }
    return out as ShapeValue<S>;
  };

/** An optional mapping whose own keys have defaults: absent means "all defaults". */
export function section<S extends Shape>(shape: S): Optional<ShapeValue<S>> {
  const validate = object(shape);
  return { optional: true, validate: (value, path) => validate(value ?? {}, path) };
}

/** Byte sizes: a number of bytes, or a string such as "20mb", "512 KB". */
export const byteSize = (): Validator<number> => (value, path) => {
  if (typeof value === "number") return number({ min: 1, integer: true })(value, path);
  const match = typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(value) : null;
  if (!match) throw new ConfigError(path, `must be a size such as 20mb or a number of bytes, got ${describe(value)}`);
  const unit = (match[2] ?? "b").toLowerCase();
  const factor = unit === "gb" ? 1024 ** 3 : unit === "mb" ? 1024 ** 2 : unit === "kb" ? 1024 : 1;
  const bytes = Math.floor(Number(match[1]) * factor);
  if (bytes < 1) throw new ConfigError(path, "must be at least 1 byte");
  return bytes;
};

function isOptional(field: Field): field is Optional<unknown> {
  return typeof field === "object" && field.optional === true;
}
