import { Module } from '@nestjs/common';
import { InstallDefaultsRepository } from './install-defaults.repository';
import { InstallDefaultsService } from './install-defaults.service';

@Module({
  providers: [InstallDefaultsRepository, InstallDefaultsService],
  exports: [InstallDefaultsService],
})
export class InstallDefaultsModule {}
