import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { IatiService } from './iati.service';

/** IATI activity files at stable URLs, for aggregators to crawl; public data only. */
@Controller('iati')
export class IatiController {
  constructor(private readonly iati: IatiService) {}

  @Get('programmes/:key/activities.xml')
  @Header('content-type', 'application/xml; charset=utf-8')
  async programmeActivities(@Param('key') key: string): Promise<string> {
    const file = await this.iati.programmeFile(key);
    if (file === null) throw new NotFoundException(`No programme has the key ${key}`);
    return file;
  }
}
