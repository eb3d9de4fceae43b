import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TileDocument } from '../../../server/collab/tile-document.ts';
import { CLOSE } from './protocol.ts';
import { AckCounter, closeAction, documentOrigin, localCopyName, reconnects, sameDocument, syncState } from './sync.ts';

describe('AckCounter', () => {
	it('counts changes until the server confirms them', () => {
		const c = new AckCounter();
		expect(c.pending).toBe(0);
		expect(c.change()).toBe(1);
		expect(c.change()).toBe(2);
		expect(c.pending).toBe(2);
		c.ack(1);
		expect(c.pending).toBe(1);
		c.ack(2);
		expect(c.pending).toBe(0);
	});

	it('ignores late, repeated, absurd acks', () => {
		const c = new AckCounter();
		c.change();
		c.change();
		c.change();
		c.ack(2);
		c.ack(1);
		expect(c.pending).toBe(1);
		c.ack(99);
		expect(c.pending).toBe(0);
		c.ack(Number.NaN);
		c.change();
		expect(c.pending).toBe(1);
	});

	it('carries changes left unconfirmed by an earlier visit: the catch-up ack covers them', () => {
		const c = new AckCounter(3);
		expect(c.pending).toBe(3);
		expect(c.latest).toBe(3);
		c.change();
		c.ack(c.latest);
		expect(c.pending).toBe(0);
		expect(new AckCounter(-2).pending).toBe(0);
		const later = new AckCounter();
		later.change();
		later.carry(2);
		later.carry(Number.NaN);
		expect(later.pending).toBe(3);
	});
});

describe('recognising the server’s document', () => {
	const serverDoc = () => {
		const s = new TileDocument([]);
		s.initialize();
		return s;
	};

	it('a copy synced with this server descends from its document, also after the server reloads it', () => {
		const server = serverDoc();
		const local = new Y.Doc();
		expect(documentOrigin(local)).toBeNull();
		expect(sameDocument(Y.decodeStateVector(server.stateVector()), null)).toBe(true);
		Y.applyUpdate(local, server.diff());
		const origin = documentOrigin(local);
		expect(origin).not.toBeNull();
		expect(sameDocument(Y.decodeStateVector(server.stateVector()), origin)).toBe(true);
		// The server restarts and loads its stored copy (folded into a snapshot).
		const reloaded = new TileDocument([server.diff()]);
		expect(sameDocument(Y.decodeStateVector(reloaded.stateVector()), origin)).toBe(true);
	});

	it('a copy synced with another database (reset server) does not', () => {
		const local = new Y.Doc();
		Y.applyUpdate(local, serverDoc().diff());
		expect(sameDocument(Y.decodeStateVector(serverDoc().stateVector()), documentOrigin(local))).toBe(false);
	});
});

describe('local copy names', () => {
	it('differ by server, campaign, tile and user', () => {
		const names = new Set([
			localCopyName('http://localhost:3000', 1, 2, 3),
			localCopyName('http://localhost:4000', 1, 2, 3),
			localCopyName('http://localhost:3000', 2, 2, 3),
			localCopyName('http://localhost:3000', 1, 3, 3),
			localCopyName('http://localhost:3000', 1, 2, 4)
		]);
		expect(names.size).toBe(5);
	});
});

describe('sync indicator', () => {
	const base = { terminal: null, online: true, connected: true, everConnected: true, caughtUp: true, pending: 0 };
	it.each([
		[{}, 'synced'],
		[{ pending: 2 }, 'syncing'],
		[{ caughtUp: false }, 'syncing'],
		[{ online: false, pending: 2 }, 'offline'],
		[{ connected: false }, 'offline'],
		[{ connected: false, everConnected: false }, 'connecting'],
		[{ connected: false, everConnected: false, pending: 1 }, 'offline'],
		[{ terminal: 'ended' as const, online: false }, 'ended']
	])('%j → %s', (over, state) => {
		expect(syncState({ ...base, ...over })).toBe(state);
	});
});

describe('close codes', () => {
	it.each([
		[CLOSE.sessionEnded, 'ended', false],
		[CLOSE.forbidden, 'recheck', false],
		[CLOSE.invalid, 'discard', false],
		[CLOSE.tooLarge, 'discard', false],
		[CLOSE.gone, 'gone', false],
		[CLOSE.tooFast, 'retry', true],
		[CLOSE.storageFailed, 'retry', true],
		[CLOSE.tooSlow, 'retry', true],
		[CLOSE.goingAway, 'retry', true],
		[1006, 'retry', true]
	])('%i → %s (provider reconnects by itself: %s)', (code, action, again) => {
		expect(closeAction(code)).toBe(action);
		expect(reconnects(code)).toBe(again);
	});
});
