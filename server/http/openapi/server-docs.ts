import { z } from 'zod';
import { configQuerySchema, visitorSchema } from '../widget-api.js';
import * as answer from './response-schemas.js';
import { chatbotSuccess, type RouteDoc } from './route-docs.js';

const base = { errors: 'chatbot' } as const;
// The upload routes read botKey by hand (the file is the body); described here, not validated by zod.
const uploadQuery = z.object({ botKey: z.string().min(1).max(64) });
const file = { link: 'https://confab.example/uploads/3f2a….png', type: 'image', name: 'receipt.png', size: 48213 };

/** The widget's own HTTP calls, uploads, operations, the demo's order API and this reference. */
export const serverDocs: RouteDoc[] = [
  { ...base, tag: 'Widget', auth: 'none', method: 'post', path: '/api/widget/visitors', summary: "A new visitor's identity (id and token)", body: visitorSchema, example: { botKey: 'demo' }, responses: { 201: { description: 'The identity.', schema: answer.visitorIdentity, example: { visitorId: 'uuid', token: '…' } } } },
  { ...base, tag: 'Widget', auth: 'none', method: 'get', path: '/api/widget/config', summary: "The bot's public look, limits and quick prompts", query: configQuerySchema, responses: { 200: { description: 'The widget config.', schema: answer.freeForm } } },
  {
    ...base,
    tag: 'Uploads',
    auth: 'visitorToken',
    method: 'post',
    path: '/api/widget/uploads',
    summary: "A visitor's file (its type checked by content)",
    query: uploadQuery,
    bodyContentType: 'multipart/form-data',
    responses: { 201: { description: 'The stored file: link, type (image or file), name, size.', schema: answer.uploadedFile, example: file }, 413: { description: 'The file is too large.' } },
  },
  { ...base, tag: 'Uploads', auth: 'agentToken', method: 'post', path: '/api/console/uploads', summary: "An agent's file for a reply", bodyContentType: 'multipart/form-data', responses: { 201: chatbotSuccess('The stored file: link, type (image or file), name, size.', answer.uploadedFile, file) } },
  { ...base, tag: 'Uploads', auth: 'none', method: 'get', path: '/uploads/:file', summary: 'A stored file, with the type found at upload', responses: { 200: { description: 'The file.', contentType: 'application/octet-stream', schema: answer.fileBody } } },
  { ...base, tag: 'Operations', auth: 'none', method: 'get', path: '/healthz', summary: 'Alive (and the store answers)', responses: { 200: { description: 'Alive.', schema: answer.healthAnswer, example: { status: 'ok', store: 'sqlite' } } } },
  { ...base, tag: 'Operations', auth: 'none', method: 'get', path: '/readyz', summary: 'Takes traffic (503 while starting, stopping or with the store unreachable)', responses: { 200: { description: 'Ready.', schema: answer.healthAnswer, example: { status: 'ok', store: 'sqlite' } }, 503: { description: 'Not ready.' } } },
  {
    ...base,
    tag: 'Operations',
    auth: 'metricsToken',
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (METRICS_TOKEN or an admin token; 404 with METRICS_PORT set)',
    responses: { 200: { description: 'Prometheus text.', contentType: 'text/plain', schema: answer.textBody } },
  },
  { ...base, tag: 'Demo', auth: 'none', method: 'get', path: '/demo/api/orders/:id', summary: "The demo shop's order status (the demo bot's api_fetch flow calls it)", responses: { 200: { description: 'An order.', schema: answer.demoOrder, example: { id: 'NW-1001', status: 'shipped', item: 'Morning Fog, 2 × 250 g', detail: 'It should arrive within 2 business days.' } } } },
  { ...base, tag: 'Reference', auth: 'none', method: 'get', path: '/openapi.json', summary: 'This document (OpenAPI 3.1)', responses: { 200: { description: 'The document.', schema: answer.freeForm } } },
  { ...base, tag: 'Reference', auth: 'none', method: 'get', path: '/docs', summary: 'The interactive API reference (Scalar), served from this server', responses: { 200: { description: 'An HTML page.', contentType: 'text/html', schema: answer.textBody } } },
];
