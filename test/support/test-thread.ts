import { serveTasks } from "../../worker/thread-pool.js";

/** A thread entry for the thread pool's tests: tasks that answer, spin, match a regex, throw or kill their thread. */
export type TestTask = { kind: "echo"; value: unknown } | { kind: "spin" } | { kind: "match"; pattern: string; text: string } | { kind: "throw"; message: string } | { kind: "exit" } | { kind: "uncaught" };

serveTasks(async (task: TestTask): Promise<unknown> => {
  switch (task.kind) {
    case "echo":
      return task.value;
    case "spin":
      // Never returns: only the pool's deadline ends it.
      for (;;);
    case "match":
      return new RegExp(task.pattern, "u").test(task.text);
    case "throw":
      throw new Error(task.message);
    case "exit":
      return process.exit(3);
    case "uncaught":
      setTimeout(() => {
        throw new Error("thrown outside any task");
      });
      return new Promise(() => undefined);
  }
});
