import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ADMIN_ENTITIES } from './entities';

@Module({ imports: [TypeOrmModule.forFeature(ADMIN_ENTITIES)] })
export class AdminModule {}
