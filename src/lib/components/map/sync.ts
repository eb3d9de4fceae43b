/**
 * Keeps several maps on the same camera (comparison modes). Browser-only, but free of the
 * maplibre-gl runtime: it only calls methods on maps it is given.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

/** A group of maps whose centre, zoom and bearing follow each other. */
export class CameraSync {
	#maps = new Set<MapLibreMap>();
	// Guards against ping-pong: jumpTo on a follower fires its own 'move' synchronously.
	#syncing = false;

	/** Adds `map` to the group (it first jumps to the group's camera); returns the remover. */
	add(map: MapLibreMap): () => void {
		const leader = this.#maps.values().next().value;
		if (leader) map.jumpTo(cameraOf(leader));
		const onMove = () => {
			if (this.#syncing) return;
			this.#syncing = true;
			try {
				const camera = cameraOf(map);
				for (const other of this.#maps) if (other !== map) other.jumpTo(camera);
			} finally {
				this.#syncing = false;
			}
		};
		this.#maps.add(map);
		map.on('move', onMove);
		return () => {
			map.off('move', onMove);
			this.#maps.delete(map);
		};
	}
}

function cameraOf(map: MapLibreMap) {
	return { center: map.getCenter(), zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch() };
}
