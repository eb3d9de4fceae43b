/**
 * The create form's uploads in a real Chromium: a file over the server's limit (40 MB for the test
 * server) is refused in the browser with the limit and the way out, before a byte is sent.
 */
import { expect, test } from '@playwright/test';
import { signIn } from './helpers.ts';

test('an orthophoto over the upload limit is refused at once with the limit, and nothing is sent', async ({ page }) => {
	await signIn(page, 'manager@demo.local');
	const puts: string[] = [];
	page.on('request', (request) => {
		if (request.method() === 'PUT' && request.url().includes('/api/uploads/')) puts.push(request.url());
	});
	await page.goto('/campaigns/new');
	await page.getByTestId('upload-ortho').locator('input[type=file]').setInputFiles({
		name: 'dalle-trop-grosse.tif',
		mimeType: 'image/tiff',
		buffer: Buffer.alloc(41 * 1048576)
	});
	const item = page.getByTestId('upload-ortho').getByTestId('upload-item');
	await expect(item).toHaveAttribute('data-status', 'failed');
	await expect(item.getByRole('alert')).toHaveText(/dépasse la taille maximale d’envoi \(40 Mo\).*ligne de commande/);
	// Retrying could only fail the same way: no retry button, the file can only be removed.
	await expect(item.getByRole('button', { name: /réessayer/i })).toHaveCount(0);
	expect(puts).toEqual([]);
});
