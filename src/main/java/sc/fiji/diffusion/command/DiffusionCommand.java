package sc.fiji.diffusion.command;

import java.io.IOException;
import java.util.concurrent.CancellationException;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.task.TaskService;

/**
 * What every command of this plugin shares: progress ({@link CommandProgress}) and the way problems are
 * reported. A bad input or setting, an unreadable file or a corrupt model is logged as one clear error
 * through the {@link LogService} and cancels the command with that message (Fiji shows it; a macro
 * stops); a cancel by the user leaves no output. Nothing here touches AWT or Swing, so every command
 * runs headless.
 */
abstract class DiffusionCommand extends ContextCommand {

	@Parameter
	LogService log;

	@Parameter(required = false)
	StatusService status;

	@Parameter(required = false)
	TaskService tasks;

	/** The work of a command, with progress. */
	interface Body {
		void run(CommandProgress progress) throws IOException;
	}

	/** Runs {@code body} with progress labelled {@code label}, reporting problems as described above. */
	final void execute(final String label, final Body body) {
		try (CommandProgress progress = new CommandProgress(status, tasks, label, this::isCanceled)) {
			try {
				body.run(progress);
			}
			catch (final CancellationException e) {
				final String why = label + ": " + progress.cancelReason() + (e.getMessage() != null ? " (" + e.getMessage() + ")" : "") + "; no output was made";
				log.info(why);
				if (!isCanceled()) cancel(why);
			}
		}
		catch (final IllegalArgumentException | IllegalStateException | IOException | UnsupportedOperationException e) {
			fail(label, e);
		}
	}

	private void fail(final String label, final Exception e) {
		final String message = label + ": " + (e.getMessage() == null || e.getMessage().isEmpty() ? e.getClass().getSimpleName() : e.getMessage());
		log.error(message);
		cancel(message);
	}
}
