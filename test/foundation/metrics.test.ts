import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { makeMember } from '../support/conversation-factories';
import { textAs } from '../support/conversation-sms';

// GET /metrics: Prometheus text with the pipeline's counters, queue gauges and HTTP latency,
// and nothing that identifies a member.
describe('GET /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('exposes inbound, outbound, sweep and HTTP metrics without numbers or bodies', async () => {
    const member = await makeMember(t.app);
    await textAs(t.app, member.phone, 'secret words here');
    const res = await request(t.app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;
    expect(text).toMatch(/^josh_inbound_received_total\{result="stored"\} 1$/m);
    expect(text).toMatch(/^josh_inbound_handled_total\{result="handled"\} 1$/m);
    expect(text).toMatch(/^josh_inbound_handling_lag_seconds_count 1$/m);
    expect(text).toMatch(/^josh_inbound_backlog 0$/m);
    expect(text).toMatch(/^josh_outbound_queue_depth\{state="due"\} 1$/m);
    expect(text).toMatch(/^josh_database_up 1$/m);
    expect(text).toMatch(/^josh_http_request_duration_seconds_count\{method="POST",route="\/webhooks\/twilio\/sms",status="2xx"\} 1$/m);
    expect(text).toMatch(/^josh_process_resident_memory_bytes /m);
    expect(text).toContain('# TYPE josh_sweep_runs_total counter');
    expect(text).toContain('# TYPE josh_outbound_send_failures_total counter');
    expect(text).not.toContain(member.phone.slice(1));
    expect(text).not.toContain('secret');
  });
});

// METRICS_TOKEN: a scraper must send it as a bearer token; anything else is 401 with a code.
describe('GET /metrics with METRICS_TOKEN', () => {
  const TOKEN = 'scrape-token-0123456789abcdef';
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: TOKEN });
  });
  afterAll(() => t.close());

  it('answers only the right bearer token', async () => {
    const http = () => request(t.app.getHttpServer());
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, TOKEN, `Basic ${TOKEN}`]) {
      const req = http().get('/metrics');
      const res = await (authorization ? req.set('Authorization', authorization) : req).expect(401);
      expect(res.body).toMatchObject({ code: 'metrics_unauthorized' });
      expect(res.text).not.toContain('josh_');
    }
    const ok = await http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(ok.text).toMatch(/^josh_database_up 1$/m);
  });
});
