/**
 * A server type as it arrives in the browser after `JSON.stringify` → `response.json()`: a Date
 * becomes its ISO string, number keys become string keys, `undefined` properties vanish. The client
 * writes `Jsonify<ServerType>` instead of copying the server's type by hand.
 */
export type Jsonify<T> =
	// any and unknown stay as they are (a JSON value of unknown shape).
	0 extends 1 & T
		? T
		: unknown extends T
			? T
			: T extends Date
				? string
				: T extends string | number | boolean | null
					? T
					: T extends undefined | symbol | ((...args: never[]) => unknown)
						? never
						: T extends { toJSON(): infer R }
							? Jsonify<R>
							: T extends readonly unknown[]
								? { [K in keyof T]: Jsonify<T[K]> }
								: { [K in keyof T as K extends symbol ? never : K extends number ? string : K]: Jsonify<T[K]> };
