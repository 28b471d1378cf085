import { Global, Module } from '@nestjs/common';
import { SearchAttributeSupport } from './search-attribute-support';
import { TemporalClientProvider } from './temporal-client.provider';

@Global()
@Module({
  providers: [TemporalClientProvider, SearchAttributeSupport],
  exports: [TemporalClientProvider, SearchAttributeSupport],
})
export class TemporalClientModule {}
