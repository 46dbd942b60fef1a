import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt } from "node:crypto";

/**
 * Seals the secrets the state store keeps (provider keys made through the admin API) with
 * AES-256-GCM under a key derived from `state.secret`. scrypt, not a bare hash, makes the key
 * costly to guess from a stolen database even when the secret is a passphrase; it runs once per
 * process. Every value gets a random 96-bit nonce and is bound to its place (`context`), so a
 * sealed value copied into another row does not open. Each sealed value names the key it was
 * sealed under, so a new secret can re-seal what an old one sealed (`llm-proxy state rekey`).
 *
 * Sealed form: `v1.<key id>.<nonce>.<ciphertext and tag>`, base64url parts.
 */
export class SecretBox {
  private constructor(
    private readonly key: Buffer,
    /** Identifies the key without revealing anything of it: an HMAC of a fixed label, 16 hex digits. */
    readonly keyId: string,
  ) {}

  static async fromSecret(secret: string): Promise<SecretBox> {
    const key = await new Promise<Buffer>((resolve, reject) =>
      scrypt(secret, SALT, KEY_BYTES, SCRYPT_OPTIONS, (error, derived) => (error ? reject(error) : resolve(derived))),
    );
    const keyId = createHmac("sha256", key).update("llm-proxy key id").digest("hex").slice(0, 16);
    return new SecretBox(key, keyId);
  }

  seal(plaintext: string, context: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, nonce);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return [VERSION, this.keyId, nonce.toString("base64url"), sealed.toString("base64url")].join(".");
  }

  /** Throws SealedValueError when the value was sealed under another key, for another place, or was altered. */
  open(sealed: string, context: string): string {
    const parts = parseSealed(sealed);
    if (parts.keyId !== this.keyId) throw new SealedValueError(`it was sealed under another state.secret (key id ${parts.keyId})`, true);
    const decipher = createDecipheriv("aes-256-gcm", this.key, parts.nonce);
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(parts.data.subarray(parts.data.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(parts.data.subarray(0, parts.data.length - TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch {
      throw new SealedValueError("it does not authenticate (altered, or moved from another row)");
    }
  }
}

export class SealedValueError extends Error {
  override name = "SealedValueError";
  constructor(
    message: string,
    /** Whether the value was sealed under another key (a rekeyed store), rather than being damaged. */
    readonly otherKey = false,
  ) {
    super(message);
  }
}

/** The id of the key a value was sealed under. */
export function sealedKeyId(sealed: string): string {
  return parseSealed(sealed).keyId;
}

const VERSION = "v1";
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Fixed: the key must be the same on every replica and after every restart, with nothing else stored. */
const SALT = "llm-proxy state.secret v1";
/** 2^15 × 8 × 128 bytes = 32 MiB and about a tenth of a second, once per process. */
const SCRYPT_OPTIONS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function parseSealed(sealed: string): { keyId: string; nonce: Buffer; data: Buffer } {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SealedValueError("it is not a value this proxy sealed");
  const nonce = Buffer.from(parts[2]!, "base64url");
  const data = Buffer.from(parts[3]!, "base64url");
  if (nonce.length !== NONCE_BYTES || data.length < TAG_BYTES) throw new SealedValueError("it is truncated");
  return { keyId: parts[1]!, nonce, data };
}
