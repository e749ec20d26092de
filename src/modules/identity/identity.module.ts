import { Module } from '@nestjs/common';
import { DomainEventsModule } from '../../common/domain-events';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [DomainEventsModule],
  providers: [UsersRepository, UsersService],
  exports: [UsersService],
})
export class IdentityModule {}
