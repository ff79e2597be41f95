package dev.copilotj;

/** Where a {@link CopilotClient} is in its life. */
public enum ClientState {
  /** Created; {@link CopilotClient#start()} not called yet. */
  NOT_STARTED,
  /** Spawning or connecting to the CLI and shaking hands. */
  STARTING,
  /** Connected; requests can be sent. */
  CONNECTED,
  /** Stopping: pending work is failing and the CLI is being shut down. */
  STOPPING,
  /** Stopped by {@link CopilotClient#stop()} or {@link CopilotClient#forceStop()}; may be started again. */
  STOPPED,
  /** The CLI died, the connection broke or the start failed; {@link CopilotClient#failure()} says why. */
  FAILED
}
