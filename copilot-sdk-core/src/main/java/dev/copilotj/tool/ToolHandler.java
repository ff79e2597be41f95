package dev.copilotj.tool;

/**
 * Runs a client tool. Called on the client's callback executor, never on an I/O thread; several calls
 * may run at once. An exception becomes a failure result the model sees (its message only, never a
 * stack trace); the session goes on.
 */
@FunctionalInterface
public interface ToolHandler {

  /**
   * Runs the tool.
   *
   * @param invocation the call: its arguments and where it came from
   * @return what the model is told
   * @throws Exception any failure, reported to the model as a failed tool call
   */
  ToolResult handle(ToolInvocation invocation) throws Exception;
}
