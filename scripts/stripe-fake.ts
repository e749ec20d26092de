// `npm run billing:fake-stripe`: the fake Stripe API of the tests, as a server to try billing by
// hand (README, "Billing (Stripe)"). It answers the SDK calls of a JOSH started with the printed
// environment, and plays Stripe's side: GET /checkout/<session id> "pays" and delivers the signed
// events to JOSH; POST /_fake/subscriptions/<id> {"status": "past_due"} changes a subscription and
// delivers its events; POST /_fake/fail-next makes the next subscription read answer 500.
// STRIPE_FAKE_PORT (default 12111) and JOSH_URL (default http://localhost:3000) pick the ports.
import { StripeFakeApi } from '../test/support/stripe-fake-api';

async function main(): Promise<void> {
  const josh = (process.env.JOSH_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  const fake = new StripeFakeApi({ webhookUrl: `${josh}/webhooks/stripe` });
  await fake.start(Number(process.env.STRIPE_FAKE_PORT ?? 12111));
  const env = Object.entries(fake.env()).map(([k, v]) => `${k}=${v}`).join(' ');
  process.stdout.write(`Fake Stripe API on ${fake.url}, delivering events to ${fake.webhookUrl}\nStart JOSH with:\n  ${env} npm start\n`);
  const stop = () => void fake.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
