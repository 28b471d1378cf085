import { Module } from '@nestjs/common';
import { ApplicationModule } from '../applications/application.module';
import { CallModule } from '../calls/call.module';
import { LoadersModule } from '../graphql/loaders';
import { ChangeFeed } from './change-feed.service';
import { ChangesResolver } from './changes.resolver';

@Module({
  imports: [ApplicationModule, CallModule, LoadersModule],
  providers: [ChangeFeed, ChangesResolver],
})
export class ChangesModule {}
