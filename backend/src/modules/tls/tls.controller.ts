import { Controller, Get, StreamableFile } from '@nestjs/common';
import type { TlsInfo } from '@callboard/contracts';
import { Public } from '../../common/access/access.decorators';
import { TlsService } from './tls.service';

@Controller('tls')
export class TlsController {
  constructor(private readonly tls: TlsService) {}

  @Get()
  @Public()
  info(): TlsInfo {
    return this.tls.info();
  }

  /** x-x509-ca-cert: Firefox offers to trust it, other browsers download it as a .crt to open. */
  @Get('ca.pem')
  @Public()
  async ca(): Promise<StreamableFile> {
    return new StreamableFile(await this.tls.caCertificate(), {
      type: 'application/x-x509-ca-cert',
      disposition: 'inline; filename="callboard-ca.crt"',
    });
  }
}
