export { DevToolsModule } from './dev-tools.module';
export { DevOnlyGuard } from './dev-only.guard';
