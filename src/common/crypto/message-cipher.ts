import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface EncryptedBody {
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
  keyVersion: number;
}

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

// AES-256-GCM with a random 96-bit IV per message; the key version travels with each row
// so old rows stay readable after a rotation.
export class MessageCipher {
  constructor(
    private readonly keys: ReadonlyMap<number, Buffer>,
    readonly currentVersion: number,
  ) {
    if (!keys.has(currentVersion)) throw new Error(`no key for version ${currentVersion}`);
  }

  encrypt(plaintext: string): EncryptedBody {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentVersion)!, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { ciphertext, iv, tag: cipher.getAuthTag(), keyVersion: this.currentVersion };
  }

  decrypt(body: EncryptedBody): string {
    const key = this.keys.get(body.keyVersion);
    if (!key) throw new DecryptionError(`no key for version ${body.keyVersion}`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, body.iv);
      decipher.setAuthTag(body.tag);
      return Buffer.concat([decipher.update(body.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      // Wrong key, tampered ciphertext, IV or tag: GCM authentication fails.
      throw new DecryptionError('message body failed authentication (tampered or wrong key)');
    }
  }

}
