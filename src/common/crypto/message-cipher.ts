import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

// The row a body belongs to: its table and id. With the key version, it is the body's associated
// data, so a ciphertext copied to another row or table fails authentication.
export interface BodyBinding {
  table: string;
  rowId: string;
}

export interface EncryptedBody {
  ciphertext: Buffer;
  // Stored nonce. 13 bytes, a scheme byte (2) and the 12-byte GCM nonce: a bound body. 12 bytes: a
  // body written before bodies were bound (scheme 1, no associated data), still readable.
  iv: Buffer;
  tag: Buffer;
  keyVersion: number;
  // Where the body was read from (or is written to). Required to read a bound body.
  binding?: BodyBinding;
}

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const BOUND_SCHEME = 2;

function associatedData(binding: BodyBinding, keyVersion: number): Buffer {
  return Buffer.from(`josh/sms-body/v2\u0000${binding.table}\u0000${binding.rowId}\u0000${keyVersion}`, 'utf8');
}

// AES-256-GCM with a random 96-bit nonce per message and a full 128-bit tag; the key version
// travels with each row so old rows stay readable after a rotation. Bodies are bound to their row
// (table, id, key version as associated data). `sms:reencrypt` binds the bodies written before.
export class MessageCipher {
  // As KeyObjects: OpenSSL imports each key once, not on every encrypt and decrypt (a fifth of the cost).
  private readonly keys: ReadonlyMap<number, KeyObject>;

  constructor(
    keys: ReadonlyMap<number, Buffer>,
    readonly currentVersion: number,
  ) {
    if (!keys.has(currentVersion)) throw new Error(`no key for version ${currentVersion}`);
    this.keys = new Map([...keys].map(([version, key]) => [version, createSecretKey(key)]));
  }

  encrypt(plaintext: string, binding: BodyBinding): EncryptedBody {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentVersion)!, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(binding, this.currentVersion));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { ciphertext, iv: Buffer.concat([Buffer.of(BOUND_SCHEME), nonce]), tag: cipher.getAuthTag(), keyVersion: this.currentVersion, binding };
  }

  decrypt(body: EncryptedBody): string {
    const key = this.keys.get(body.keyVersion);
    if (!key) throw new DecryptionError(`no key for version ${body.keyVersion}`);
    // GCM accepts tags down to 4 bytes, which would make forging a body 2^32 work, not 2^128.
    if (body.tag.length !== TAG_BYTES) throw new DecryptionError(`authentication tag must be ${TAG_BYTES} bytes`);
    const bound = MessageCipher.isBound(body);
    if (!bound && body.iv.length !== NONCE_BYTES) throw new DecryptionError('unknown body format');
    if (bound && !body.binding) throw new DecryptionError('a bound body is read with the row it belongs to');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bound ? body.iv.subarray(1) : body.iv, { authTagLength: TAG_BYTES });
      if (bound) decipher.setAAD(associatedData(body.binding!, body.keyVersion));
      decipher.setAuthTag(body.tag);
      return Buffer.concat([decipher.update(body.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      // Wrong key, tampered ciphertext, nonce or tag, or a body moved from another row: GCM authentication fails.
      throw new DecryptionError('message body failed authentication (tampered, moved or wrong key)');
    }
  }

  // A body written with its row as associated data (scheme 2); false for one written before.
  static isBound(body: Pick<EncryptedBody, 'iv'>): boolean {
    return body.iv.length === NONCE_BYTES + 1 && body.iv[0] === BOUND_SCHEME;
  }
}
