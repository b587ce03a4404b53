/**
 * The help drawn on the terminal's alternate screen, as less and vim draw theirs: closing it gives the screen
 * back as it was, with its scrollback, where printing the conversation again after a clear erased what the shell
 * had printed before Tether started (found by a helper). Ink's frame is erased before each switch, so that Ink
 * draws its next frame from a clean start on either screen; erase and switch go out with that frame, in one
 * synchronized update (frame-stdout.ts), so no blank screen is seen between.
 */
import type {FrameStdout} from './frame-stdout.js';

const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?1049l';

export type OverlayScreen = {
	/** Erases Ink's frame and moves to the alternate screen, with Ink's next frame. */
	open(): void;
	/** Erases Ink's frame there and gives back the screen as it was, with Ink's next frame. */
	close(): void;
	/** The same at once, for a terminal handed to someone else (a suspend, an exit): no frame of Ink's follows. */
	closeNow(): void;
};

/** `clearFrame` erases Ink's last frame and forgets it (Ink's `instance.clear()`). */
export function overlayScreen(stdout: FrameStdout, clearFrame: () => void): OverlayScreen {
	let shown = false;
	const toggle = (enter: boolean) => {
		stdout.capture(clearFrame);
		stdout.beforeNextFrame(enter ? enterAlternateScreen : leaveAlternateScreen);
		shown = enter;
	};

	return {
		open() {
			if (!shown) {
				toggle(true);
			}
		},
		close() {
			if (shown) {
				toggle(false);
			}
		},
		closeNow() {
			if (shown) {
				clearFrame();
				stdout.write(leaveAlternateScreen);
				shown = false;
			}
		},
	};
}
