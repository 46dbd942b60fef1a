/**
 * A small structured logger: one JSON line per event on stderr.
 * Every line passes through the redactor, so a configured API key can never reach a log
 * even when it hides inside an upstream error message.
 */

export type LogLevel = "debug" | "info" | "warn" | "error";
const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** Logs only the first time `key` is seen: for conditions that would otherwise flood the log. */
  once(level: LogLevel, key: string, message: string, fields?: Record<string, unknown>): void;
  /** Secrets that became known after start (a reloaded config's keys): redacted from now on too. */
  addSecrets(secrets: Iterable<string>): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  sink?: LogSink;
  /** Strings that must never appear in output (API keys). */
  secrets?: Iterable<string>;
}

const MIN_SECRET_LENGTH = 4;

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = LEVEL_ORDER[options.level ?? "info"];
  const sink = options.sink ?? ((line: string) => process.stderr.write(line + "\n"));
  // Lines are redacted after JSON encoding, where a secret containing `"` or `\` appears escaped.
  const secrets: string[] = [];
  const addSecrets = (more: Iterable<string>) => {
    for (const secret of more) {
      if (secret.length < MIN_SECRET_LENGTH || secrets.includes(secret)) continue;
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (escaped !== secret) secrets.push(escaped);
      secrets.push(secret);
    }
  };
  addSecrets(options.secrets ?? []);
  const seen = new Set<string>();

  const redact = (text: string): string => {
    let out = text;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join("[REDACTED]");
    return out;
  };

  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (LEVEL_ORDER[level] < threshold) return;
    const record = { time: new Date().toISOString(), level, msg: message, ...fields };
    sink(redact(JSON.stringify(record, errorReplacer)));
  };

  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    once(level, key, message, fields) {
      if (seen.has(key)) return;
      seen.add(key);
      write(level, message, fields);
    },
    addSecrets,
  };
}

/** Errors serialise to their name and message only: stacks stay out of logs shipped to aggregators. */
function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }) };
  }
  return value;
}

export const silentLogger: Logger = createLogger({ sink: () => {} });
