import { Module } from '@nestjs/common';
import { DevOnlyGuard } from './dev-only.guard';
import { DevToolsController } from './dev-tools.controller';

@Module({ controllers: [DevToolsController], providers: [DevOnlyGuard] })
export class DevToolsModule {}
