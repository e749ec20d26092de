export { MessageCipher, DecryptionError, type EncryptedBody, type BodyBinding } from './message-cipher';
export { PhoneHasher, constantTimeEqualHex } from './phone-hasher';
export { CryptoModule } from './crypto.module';
