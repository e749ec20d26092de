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
