import { Module } from '@nestjs/common';
import { IatiController } from './iati.controller';
import { IatiService } from './iati.service';

@Module({ controllers: [IatiController], providers: [IatiService] })
export class TransparencyModule {}
