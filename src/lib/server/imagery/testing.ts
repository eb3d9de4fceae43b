/**
 * Test helper: turn a plain little-endian TIFF (e.g. written by sharp, which can tile, compress with
 * JPEG and build pyramids but writes no GeoTIFF tags) into a GeoTIFF, by appending a copy of its first
 * IFD with ModelPixelScale, ModelTiepoint and a GeoKeyDirectory naming `epsg`.
 */
export function addGeoKeys(tiff: Buffer, epsg: number, originX: number, originY: number, pixelSize: number): Buffer {
	if (tiff.toString('latin1', 0, 2) !== 'II' || tiff.readUInt16LE(2) !== 42) throw new Error('classic little-endian TIFF expected');
	const ifd0 = tiff.readUInt32LE(4);
	const n = tiff.readUInt16LE(ifd0);
	const entries: Buffer[] = [];
	for (let i = 0; i < n; i++) entries.push(tiff.subarray(ifd0 + 2 + i * 12, ifd0 + 14 + i * 12));
	const next = tiff.readUInt32LE(ifd0 + 2 + n * 12);

	const extra: Buffer[] = [];
	let end = tiff.length + (tiff.length % 2);
	const blobs: Buffer[] = [];
	const addBlob = (b: Buffer): number => {
		const at = end;
		blobs.push(b);
		end += b.length;
		return at;
	};
	const entry = (tag: number, type: number, count: number, valueOrOffset: number) => {
		const e = Buffer.alloc(12);
		e.writeUInt16LE(tag, 0);
		e.writeUInt16LE(type, 2);
		e.writeUInt32LE(count, 4);
		e.writeUInt32LE(valueOrOffset, 8);
		return e;
	};
	const doubles = (vals: number[]) => {
		const b = Buffer.alloc(vals.length * 8);
		vals.forEach((v, i) => b.writeDoubleLE(v, i * 8));
		return b;
	};
	const scale = addBlob(doubles([pixelSize, pixelSize, 0]));
	const tie = addBlob(doubles([0, 0, 0, originX, originY, 0]));
	const keys = [1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, epsg];
	const kb = Buffer.alloc(keys.length * 2);
	keys.forEach((v, i) => kb.writeUInt16LE(v, i * 2));
	const geo = addBlob(kb);
	extra.push(entry(33550, 12, 3, scale), entry(33922, 12, 6, tie), entry(34735, 3, keys.length, geo));

	const all = [...entries, ...extra].sort((a, b) => a.readUInt16LE(0) - b.readUInt16LE(0));
	const newIfd = end + (end % 2);
	const ifd = Buffer.alloc(2 + all.length * 12 + 4);
	ifd.writeUInt16LE(all.length, 0);
	all.forEach((e, i) => e.copy(ifd, 2 + i * 12));
	ifd.writeUInt32LE(next, 2 + all.length * 12);
	const out = Buffer.concat([tiff, Buffer.alloc(tiff.length % 2), ...blobs, Buffer.alloc(end % 2), ifd]);
	out.writeUInt32LE(newIfd, 4);
	return out;
}

/**
 * Test helper: wrap one baseline JPEG (a whole, self-contained stream) as a one-tile TIFF with
 * photometric YCbCr, the layout GDAL writes for JPEG-compressed orthophotos. Width and height must
 * be multiples of 16 (one tile).
 */
export function jpegAsYCbCrTiff(jpeg: Buffer, width: number, height: number): Buffer {
	const tags: [number, number, number[]][] = [
		[256, 3, [width]],
		[257, 3, [height]],
		[258, 3, [8, 8, 8]],
		[259, 3, [7]],
		[262, 3, [6]],
		[277, 3, [3]],
		[284, 3, [1]],
		[322, 3, [width]],
		[323, 3, [height]],
		[324, 4, [0]], // patched below
		[325, 4, [jpeg.length]],
		[530, 3, [2, 2]]
	];
	const ifdAt = 8;
	const ifdSize = 2 + tags.length * 12 + 4;
	let extraAt = ifdAt + ifdSize;
	const extras: Buffer[] = [];
	const ifd = Buffer.alloc(ifdSize);
	ifd.writeUInt16LE(tags.length, 0);
	const dataAt = () => extraAt + extras.reduce((s, b) => s + b.length, 0);
	const jpegAt = ifdAt + ifdSize + 6; // after the BitsPerSample array (3 SHORTs = 6 bytes)
	tags.forEach(([tag, type, values], i) => {
		const o = 2 + i * 12;
		ifd.writeUInt16LE(tag, o);
		ifd.writeUInt16LE(type, o + 2);
		ifd.writeUInt32LE(values.length, o + 4);
		const size = (type === 3 ? 2 : 4) * values.length;
		if (tag === 324) values = [jpegAt];
		if (size <= 4) {
			values.forEach((v, k) => (type === 3 ? ifd.writeUInt16LE(v, o + 8 + k * 2) : ifd.writeUInt32LE(v, o + 8)));
		} else {
			const b = Buffer.alloc(size);
			values.forEach((v, k) => b.writeUInt16LE(v, k * 2));
			ifd.writeUInt32LE(dataAt(), o + 8);
			extras.push(b);
		}
	});
	const header = Buffer.from([0x49, 0x49, 42, 0, ifdAt, 0, 0, 0]);
	const out = Buffer.concat([header, ifd, ...extras, jpeg]);
	if (out.indexOf(jpeg) !== jpegAt) throw new Error('layout error');
	return out;
}
