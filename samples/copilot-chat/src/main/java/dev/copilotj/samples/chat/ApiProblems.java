package dev.copilotj.samples.chat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every 4xx and 5xx of the API is an RFC 9457 problem ({@code application/problem+json}) whose {@code detail} says
 * what went wrong in words: "The prompt is empty.", "A turn is already running in session …", "Copilot could not
 * create a session: …". Spring MVC's own errors (unreadable body, unknown path, wrong method) come as problems
 * from the base class, and the {@code ResponseStatusException}s of the controller and the service carry their
 * reason as the detail. A problem is written even when the request asked only for {@code text/event-stream}.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

  /** Anything else is a bug of the sample: a 500 that still says what it was. */
  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
    log.warn("The API failed unexpectedly", e);
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, "The server failed unexpectedly: " + e);
  }

  static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(ProblemDetail.forStatusAndDetail(status, detail));
  }
}
