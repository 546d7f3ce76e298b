import type { NotifySettings } from '../../config/sections/notify.js';
import type { SmtpSettings } from '../../config/sections/smtp.js';
import { emailChannel } from './email.js';
import type { NotifyChannel } from './notice.js';
import { webhookChannel } from './webhook.js';

/** The channels notify configures: the webhook, e-mail through the smtp section, or both. */
export function notifyChannelsFromConfig(notify: NotifySettings, smtp: SmtpSettings | undefined): NotifyChannel[] {
  const channels: NotifyChannel[] = [];
  if (notify.webhook) channels.push(webhookChannel(notify.webhook));
  if (notify.email && smtp) {
    const to = typeof notify.email.to === 'string' ? [notify.email.to] : notify.email.to;
    channels.push(emailChannel({ smtp, from: notify.email.from, to }));
  }
  return channels;
}
