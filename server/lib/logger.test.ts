import { describe, expect, it } from 'vitest';
import { capturedLogger } from '../../test/helpers/metrics.js';
import { errorLog, logContext } from './logger.js';

describe('the logger', () => {
  it('writes one JSON object a line, with the level by name, an ISO time and the request id of the work it is part of', () => {
    const { logger, lines } = capturedLogger('info');
    logger.info('outside');
    logContext.run({ requestId: 'req-7' }, () => logger.info({ path: '/x' }, 'inside'));
    logger.debug('not at info');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'info', msg: 'outside', service: 'confab', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }),
      expect.objectContaining({ level: 'info', msg: 'inside', requestId: 'req-7', path: '/x' }),
    ]);
    expect(lines()[0]).not.toHaveProperty('requestId');
  });

  it('redacts tokens, secrets and credential headers wherever they appear', () => {
    const { logger, text } = capturedLogger('debug');
    logger.info({ req: { headers: { authorization: 'Bearer admin-secret-1', 'security-token': 'api-secret-2', cookie: 'c=secret-3' } } }, 'a');
    logger.info({ bot: { webhook_headers: { 'X-Key': 'hook-secret-4' }, token: 'tok-secret-5' }, token: 'tok-secret-6' }, 'b');
    logger.info({ call: { headers: { authorization: 'Bearer out-secret-7', 'x-chatbot-token': 'mw-secret-8' } } }, 'c');
    for (const secret of ['admin-secret-1', 'api-secret-2', 'secret-3', 'hook-secret-4', 'tok-secret-5', 'tok-secret-6', 'out-secret-7', 'mw-secret-8']) {
      expect(text()).not.toContain(secret);
    }
    expect(text()).toContain('[redacted]');
  });

  it("logs an error's kind, message, code, status, stack and cause, never what else it carries (an AI SDK error carries the prompt)", () => {
    const { logger, lines } = capturedLogger('info');
    const cause = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const err = Object.assign(new Error('provider failed', { cause }), { statusCode: 502, requestBodyValues: { messages: [{ content: 'the visitor wrote this' }] }, responseBody: 'x' });
    errorLog(logger)('AI answer failed', err, { conversationId: 'c-1' });
    const [line] = lines();
    expect(line).toMatchObject({ level: 'error', msg: 'AI answer failed', conversationId: 'c-1', err: { type: 'Error', message: 'provider failed', status: 502, cause: { message: 'socket hang up', code: 'ECONNRESET' } } });
    expect(JSON.stringify(line)).not.toContain('the visitor wrote this');
    expect(JSON.stringify(line)).not.toContain('responseBody');
  });
});
