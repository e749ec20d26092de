export { IdentityModule } from './identity.module';
export { UsersService } from './users.service';
export type { UserRecord } from './users.repository';
