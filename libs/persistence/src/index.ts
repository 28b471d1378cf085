export * from './entities/jurisdiction.entity';
export * from './entities/organisation.entity';
export * from './entities/programme.entity';
export * from './data-source-options';
export * from './pagination';
export * from './entities/application.entity';
export * from './ledger/ledger.repository';
export * from './entities/call.entity';
