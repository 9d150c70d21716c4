import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * Slack's Socket Mode end: apps.connections.open hands out this server's URL; each request reaches
 * the app as an envelope, and the app acks it with the envelope's ID (and a response payload).
 */
export class SocketModeServer {
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly waiting = new Map<string, (payload: unknown) => void>();

  constructor(server: Server) {
    this.wss = new WebSocketServer({ server, path: '/socket-mode' });
    this.wss.on('connection', (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (msg.envelope_id) this.waiting.get(msg.envelope_id)?.(msg.payload ?? {});
      });
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: this.sockets.size,
          connection_info: { app_id: 'A0HYBRID' },
        }),
      );
    });
  }

  connections(): number {
    return this.sockets.size;
  }

  /** Sends one envelope to a connected app and resolves with what it acked (3 s, as Slack allows). */
  send(
    type: 'slash_commands' | 'interactive' | 'events_api',
    payload: Record<string, unknown>,
  ): Promise<unknown> {
    const ws = [...this.sockets][0];
    if (!ws) return Promise.reject(new Error('no Socket Mode connection is open'));
    const envelopeId = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(envelopeId);
        reject(new Error('the app did not ack within 3 seconds'));
      }, 3000);
      this.waiting.set(envelopeId, (ack) => {
        clearTimeout(timer);
        this.waiting.delete(envelopeId);
        resolve(ack);
      });
      ws.send(
        JSON.stringify({
          envelope_id: envelopeId,
          type,
          payload,
          accepts_response_payload: type !== 'events_api',
        }),
      );
    });
  }

  close(): void {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
  }
}
