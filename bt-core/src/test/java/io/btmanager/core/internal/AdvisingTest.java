package io.btmanager.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.task.ErrorKind;
import io.btmanager.core.task.TaskError;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An advisor's own failure is logged as the advisor's, at WARN, and the default advice used. */
class AdvisingTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger(Advising.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void capture() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logged);
  }

  @Test
  void anAdvisorThatThrowsIsLoggedAndTheDefaultAdviceUsed() {
    IllegalStateException bug = new IllegalStateException("advisor bug");
    TaskDefinition<String, Void> type = TaskDefinition.of("upload", String.class)
        .handler((ctx, a) -> null)
        .advisor(e -> {
          throw bug;
        })
        .build();

    TaskError error = Advising.advise(type, new IOException("disk full"));

    assertThat(error.kind()).isEqualTo(ErrorKind.IO);
    assertThat(error.summary()).contains("could not read or write");
    assertThat(logged.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage()).contains("error advisor of task type 'upload'");
      assertThat(e.getThrowableProxy().getMessage()).isEqualTo("advisor bug");
    });
  }

  @Test
  void anAdvisorThatReturnsNullIsLoggedAndTheDefaultAdviceUsed() {
    TaskDefinition<String, Void> type = TaskDefinition.of("upload", String.class)
        .handler((ctx, a) -> null)
        .advisor(e -> null)
        .build();

    TaskError error = Advising.advise(type, new IOException("disk full"));

    assertThat(error.kind()).isEqualTo(ErrorKind.IO);
    assertThat(logged.list)
        .singleElement()
        .satisfies(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN));
  }
}
