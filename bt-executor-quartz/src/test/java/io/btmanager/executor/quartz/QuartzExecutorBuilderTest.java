package io.btmanager.executor.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.store.jdbc.PostgresServer;
import java.net.ServerSocket;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.impl.RemoteScheduler;
import org.quartz.impl.StdSchedulerFactory;

class QuartzExecutorBuilderTest {

  @Test
  void everySetterNamesTheBadValueAndWhatIsAccepted() {
    assertThatThrownBy(() -> QuartzExecutor.threads(0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("threads: was 0; accepted: 1 to 10000");
    assertThatThrownBy(() -> QuartzExecutor.builder().claimBatch(1001))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("claimBatch: was 1001; accepted: 1 to 1000");
    assertThatThrownBy(() -> QuartzExecutor.using(null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("scheduler: was null");
  }

  @Test
  void onTheHostsSchedulerTheThreadsDefaultToItsPoolAndCannotExceedIt() throws Exception {
    Scheduler host = HostSchedulers.inMemory("host", 3);
    try {
      assertThat(QuartzExecutor.using(host).concurrency()).isEqualTo(3);
      assertThat(QuartzExecutor.builder().using(host).threads(2).build().concurrency())
          .isEqualTo(2);
      assertThatThrownBy(() -> QuartzExecutor.builder().using(host).threads(4).build())
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("threads: was 4 but the host's Quartz pool has 3 threads");
    } finally {
      host.shutdown();
    }
  }

  @Test
  void aSchedulerThatIsShutDownIsRefused() throws Exception {
    Scheduler host = HostSchedulers.inMemory("gone", 1);
    host.shutdown();
    assertThatThrownBy(() -> QuartzExecutor.using(host))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is shut down");
  }

  @Test
  void aClusteredSchedulerIsRefusedSayingWhyAndWhatToUseInstead() throws Exception {
    PostgresServer pg = PostgresServer.get();
    Scheduler clustered =
        HostSchedulers.onPostgres("clustered", pg.newDatabase(), pg.user(), pg.password(), true);
    try {
      assertThat(clustered.getMetaData().isJobStoreClustered()).isTrue();
      assertThatThrownBy(() -> QuartzExecutor.using(clustered))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("is clustered (JobStoreTX with isClustered)")
          .hasMessageContaining("bt-manager coordinates its nodes through its own store")
          .hasMessageContaining("org.quartz.jobStore.class=org.quartz.simpl.RAMJobStore")
          .hasMessageContaining("QuartzExecutor.threads(n)");
    } finally {
      clustered.shutdown();
    }
  }

  @Test
  void aRemoteSchedulerIsRefused() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String name = "exported-" + UUID.randomUUID();
    Properties server = new Properties();
    server.setProperty("org.quartz.scheduler.instanceName", name);
    server.setProperty("org.quartz.threadPool.threadCount", "1");
    server.setProperty("org.quartz.scheduler.rmi.export", "true");
    server.setProperty("org.quartz.scheduler.rmi.createRegistry", "always");
    server.setProperty("org.quartz.scheduler.rmi.registryHost", "localhost");
    server.setProperty("org.quartz.scheduler.rmi.registryPort", Integer.toString(port));
    server.setProperty("org.quartz.scheduler.rmi.bindName", name);
    Scheduler exported = new StdSchedulerFactory(server).getScheduler();
    try {
      Scheduler remote = new RemoteScheduler(name, "localhost", port); // Quartz's RMI proxy
      assertThat(remote.getMetaData().isSchedulerRemote()).isTrue();

      assertThatThrownBy(() -> QuartzExecutor.using(remote))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(
              "is a remote (RMI) scheduler: its jobs would run in another process");
    } finally {
      exported.shutdown();
    }
  }
}
