export { MessageCipher, DecryptionError, type EncryptedBody } from './message-cipher';
export { PhoneHasher, constantTimeEqualHex } from './phone-hasher';
export { CryptoModule } from './crypto.module';
