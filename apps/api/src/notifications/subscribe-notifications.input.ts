import { Field, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import { NotificationChannel, NotificationLanguage } from './notification.model';

@InputType()
export class SubscribeToNotificationsInput {
  @Field(() => NotificationChannel) @IsEnum(NotificationChannel) channel!: NotificationChannel;

  @Field({ description: 'An http(s) URL for a webhook, an address for e-mail' })
  @IsString()
  @Length(3, 2000)
  target!: string;

  @Field(() => NotificationLanguage) @IsEnum(NotificationLanguage) language!: NotificationLanguage;

  @Field(() => String, { nullable: true, description: 'Only this programme’s applications' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'programmeKey must be a programme key' })
  programmeKey?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only the applications to this call (its key)',
  })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'callKey must be a call key' })
  callKey?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only this application' })
  @IsOptional()
  @IsUUID('all', { message: 'applicationId must be an id' })
  applicationId?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Only these event kinds, e.g. DEADLINE_NEAR, TRANCHE_DISBURSED; none: all',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @Matches(/^[A-Z][A-Z_]{1,59}$/, { each: true, message: 'each kind must be an event kind' })
  kinds?: string[] | null;
}
