import { isEmail } from 'class-validator';

/** Why a subscription's target cannot receive its channel, if it cannot. */
export function targetProblem(
  channel: 'WEBHOOK' | 'EMAIL',
  target: string,
  environment: 'development' | 'production' | 'test',
): string | undefined {
  if (channel === 'EMAIL') return isEmail(target) ? undefined : 'must be an e-mail address';
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return 'must be an http(s) URL';
  }
  if (url.username || url.password)
    return 'must not carry credentials: the signature proves the sender';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && environment !== 'production') return undefined;
  return environment === 'production' ? 'must be an https URL' : 'must be an http(s) URL';
}
