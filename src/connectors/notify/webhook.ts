import type { Notice, NotifyChannel } from './notice.js';

export interface WebhookOptions {
  url: string;
  format: 'slack' | 'json';
  /** How long one delivery may take before it counts as failed (default 10 s). */
  timeoutMs?: number;
}

/** Slack refuses a section text over 3,000 characters (Slack Block Kit reference, "Section block"). */
const SLACK_SECTION_LIMIT = 3_000;

/**
 * The webhook channel: one POST per notice, as a Slack-compatible `{text, blocks}` body (Slack
 * docs, "Sending messages using incoming webhooks") or a plain JSON body with every record. The
 * URL is a credential (a Slack webhook URL is), so messages name its host only.
 */
export function webhookChannel(options: WebhookOptions): NotifyChannel {
  const host = new URL(options.url).host;
  return {
    name: 'webhook',
    label: `the webhook at ${host}`,
    async send(notice) {
      const body = options.format === 'slack' ? slackBody(notice) : { source: 'iex-sync', ...notice };
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
        throw new Error(`the webhook at ${host} could not be reached (${scrub(reason, options.url)})`);
      }
      await response.body?.cancel();
      if (!response.ok) throw new Error(`the webhook at ${host} answered ${response.status} ${response.statusText}`.trim());
    },
  };
}

/** `{text, blocks}`: the text is the fallback shown in notifications, the blocks the message itself. */
export function slackBody(notice: Notice): { text: string; blocks: unknown[] } {
  return {
    text: notice.title,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: notice.title.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: fitLines(notice.lines, SLACK_SECTION_LIMIT) } },
    ],
  };
}

/** The lines joined, cut at whole lines to fit `limit` characters, saying how many were left out. */
function fitLines(lines: readonly string[], limit: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const [index, line] of lines.entries()) {
    const more = `… and ${lines.length - index} more (iex-sync status, iex-sync history --status failed)`;
    if (length + line.length + 1 + more.length > limit) return [...kept, more].join('\n');
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n') || ' ';
}

/** An error text without the URL (its path is the secret). */
function scrub(text: string, url: string): string {
  return text.split(url).join('<webhook url>');
}
