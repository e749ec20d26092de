import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config';
import { MessageCipher } from './message-cipher';
import { PhoneHasher } from './phone-hasher';

@Global()
@Module({
  providers: [
    {
      provide: MessageCipher,
      inject: [AppConfig],
      useFactory: (c: AppConfig) => new MessageCipher(c.keyring, c.env.SMS_ENCRYPTION_KEY_VERSION),
    },
    { provide: PhoneHasher, inject: [AppConfig], useFactory: (c: AppConfig) => new PhoneHasher(c.env.PHONE_HASH_PEPPER) },
  ],
  exports: [MessageCipher, PhoneHasher],
})
export class CryptoModule {}
