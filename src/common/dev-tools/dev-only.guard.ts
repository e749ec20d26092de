import { CanActivate, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config';
import { DomainError } from '../errors';

// /dev/* exists only with the console SMS provider outside production: anywhere else it is a 404,
// as if the route did not exist.
@Injectable()
export class DevOnlyGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(): boolean {
    if (!this.config.isDevelopmentTooling) throw new DomainError('not_found', 'Not found.', 404);
    return true;
  }
}
