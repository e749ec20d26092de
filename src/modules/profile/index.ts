// What other modules may use of profiles.
export { ProfileModule } from './profile.module';
export { ProfileService } from './profile.service';
