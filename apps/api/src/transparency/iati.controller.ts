import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { IatiService } from './iati.service';

/** IATI activity files at stable URLs, for aggregators to crawl; public data only. */
@Controller('iati')
export class IatiController {
  constructor(private readonly iati: IatiService) {}

  /** Streamed a page of activities at a time, with the socket's backpressure. */
  @Get('programmes/:key/activities.xml')
  async programmeActivities(@Param('key') key: string, @Res() res: ServerResponse): Promise<void> {
    const file = await this.iati.programmeFile(key);
    if ('missing' in file) throw new NotFoundException(file.missing);
    res.statusCode = 200;
    res.setHeader('content-type', 'application/xml; charset=utf-8');
    await pipeline(Readable.from(file), res);
  }
}
