import { connect, type Socket } from 'node:net';

/** What came back on a raw connection: the status of the first answer (if any) and all the bytes. */
export interface RawAnswer {
	/** Status of the first HTTP answer, or null when the server sent none. */
	status: number | null;
	headers: Record<string, string>;
	/** Body of the first answer as text (what follows the blank line). */
	body: string;
	/** The connection ended with an error (reset) rather than a clean close. */
	reset: boolean;
	/** The server closed the connection before `waitMs` ran out. */
	closed: boolean;
	/** Milliseconds from the first byte written to the first byte received (null: nothing received). */
	firstByteMs: number | null;
}

export interface RawOptions {
	/** Give up waiting for the server after this long (the answer so far is returned). */
	waitMs?: number;
	/** Stop as soon as one complete answer (headers + Content-Length body) has arrived. */
	untilAnswer?: boolean;
	/** Called once connected, after `payload` was written: write more, half-close, reset… */
	then?: (socket: Socket) => void;
}

/**
 * Write bytes on a fresh TCP connection to the server and collect what comes back, the way a
 * hostile or broken client would talk to it (no HTTP library smoothing anything over).
 */
export function rawExchange(url: string, payload: string | Buffer | (string | Buffer)[], { waitMs = 5000, untilAnswer = true, then }: RawOptions = {}): Promise<RawAnswer> {
	const { hostname, port } = new URL(url);
	return new Promise((resolve) => {
		const socket = connect(Number(port), hostname);
		const received: Buffer[] = [];
		let reset = false;
		let closed = false;
		let started = 0;
		let firstByteMs: number | null = null;
		let done = false;
		const finish = () => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			socket.destroy();
			resolve({ ...parseAnswer(Buffer.concat(received)), reset, closed, firstByteMs });
		};
		const timer = setTimeout(finish, waitMs);
		socket.on('connect', () => {
			started = performance.now();
			for (const part of Array.isArray(payload) ? payload : [payload]) socket.write(part);
			then?.(socket);
		});
		socket.on('data', (d) => {
			firstByteMs ??= Math.round(performance.now() - started);
			received.push(d);
			if (untilAnswer && completeAnswer(Buffer.concat(received))) finish();
		});
		socket.on('error', () => {
			reset = true;
			finish();
		});
		socket.on('close', () => {
			closed = true;
			finish();
		});
	});
}

function parseAnswer(bytes: Buffer): Pick<RawAnswer, 'status' | 'headers' | 'body'> {
	const text = bytes.toString('latin1');
	const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
	const end = text.indexOf('\r\n\r\n');
	const headers: Record<string, string> = {};
	for (const line of text.slice(0, end < 0 ? text.length : end).split('\r\n').slice(1)) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	const body = end < 0 ? '' : bytes.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1')).toString('utf8');
	return { status: m ? Number(m[1]) : null, headers, body };
}

function completeAnswer(bytes: Buffer): boolean {
	const { status, headers, body } = parseAnswer(bytes);
	if (status === null || !bytes.includes('\r\n\r\n')) return false;
	// 101 Switching Protocols: the answer ends with its headers (the socket then speaks websocket).
	if (status === 101) return true;
	const length = headers['content-length'];
	return length !== undefined && Buffer.byteLength(body) >= Number(length);
}

/** A websocket opening handshake for `target`, with extra header lines (`Name: value`). */
export function handshakeRequest(url: string, target: string, extra: string[] = []): string {
	const { host } = new URL(url);
	return [
		`GET ${target} HTTP/1.1`,
		`Host: ${host}`,
		'Connection: Upgrade',
		'Upgrade: websocket',
		'Sec-WebSocket-Version: 13',
		'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
		...extra,
		'',
		''
	].join('\r\n');
}
