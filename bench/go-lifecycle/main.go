// The Go anchor of bench/lifecycle-vs-go.ts: containerd's own Go client, in-process, running the same lifecycle
// as the product's side of the bench (create a container on a rootfs folder with the default seccomp profile,
// a new task with no IO, a wait before start, start, exit 7, delete both). Prints one line of JSON:
// each lifecycle's milliseconds (sequential mode) or the wall time of all of them (concurrent mode).
// Bench only, never part of `npm test`: built by the bench with Debian's golang-go and
// golang-github-containerd-containerd-dev (GOPATH mode).
//
// In sequential mode it also prints each step's milliseconds and this process's CPU time (user + system) over
// all the lifecycles.
//
//	go-lifecycle -address SOCK -namespace NS -rootfs DIR -count N -concurrency C -prefix ID
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/containerd/containerd"
	"github.com/containerd/containerd/cio"
	"github.com/containerd/containerd/contrib/seccomp"
	"github.com/containerd/containerd/namespaces"
	"github.com/containerd/containerd/oci"
)

// steps holds each step's milliseconds, by step name, in sequential mode (nil otherwise).
var steps map[string][]float64

// lap records the time since *t under name, and restarts *t.
func lap(name string, t *time.Time) {
	now := time.Now()
	if steps != nil {
		steps[name] = append(steps[name], float64(now.Sub(*t).Microseconds())/1000)
	}
	*t = now
}

func cpuMs() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}

func lifecycle(ctx context.Context, client *containerd.Client, id, rootfs string) error {
	t := time.Now()
	container, err := client.NewContainer(ctx, id, containerd.WithNewSpec(
		oci.WithRootFSPath(rootfs),
		oci.WithProcessArgs("/bin/sh", "-c", "exit 7"),
		seccomp.WithDefaultProfile(),
	))
	if err != nil {
		return err
	}
	lap("newContainer", &t)
	task, err := container.NewTask(ctx, cio.NullIO)
	if err != nil {
		return err
	}
	lap("newTask", &t)
	exitCh, err := task.Wait(ctx)
	if err != nil {
		return err
	}
	if err := task.Start(ctx); err != nil {
		return err
	}
	lap("wait+start", &t)
	status := <-exitCh
	lap("exit", &t)
	if status.ExitCode() != 7 {
		return fmt.Errorf("%s exited %d, not 7", id, status.ExitCode())
	}
	if _, err := task.Delete(ctx); err != nil {
		return err
	}
	lap("deleteTask", &t)
	err = container.Delete(ctx)
	lap("deleteContainer", &t)
	return err
}

func main() {
	address := flag.String("address", "", "containerd socket")
	namespace := flag.String("namespace", "bench-go", "namespace")
	rootfs := flag.String("rootfs", "", "rootfs folder")
	count := flag.Int("count", 10, "lifecycles")
	concurrency := flag.Int("concurrency", 1, "lifecycles at a time; 1 times each")
	prefix := flag.String("prefix", "go", "container id prefix")
	flag.Parse()

	client, err := containerd.New(*address)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer client.Close()
	ctx := namespaces.WithNamespace(context.Background(), *namespace)
	// the connection is up before the clock starts, as the product's client is
	if _, err := client.Version(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}

	out := map[string]interface{}{}
	if *concurrency <= 1 {
		ms := make([]float64, 0, *count)
		steps = map[string][]float64{}
		cpu0 := cpuMs()
		for i := 0; i < *count; i++ {
			t0 := time.Now()
			if err := lifecycle(ctx, client, fmt.Sprintf("%s-%d", *prefix, i), *rootfs); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			ms = append(ms, float64(time.Since(t0).Microseconds())/1000)
		}
		out["ms"] = ms
		out["steps"] = steps
		out["cpuMs"] = cpuMs() - cpu0
	} else {
		t0 := time.Now()
		var wg sync.WaitGroup
		next := make(chan int)
		errs := make(chan error, *count)
		for w := 0; w < *concurrency; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					if err := lifecycle(ctx, client, fmt.Sprintf("%s-%d", *prefix, i), *rootfs); err != nil {
						errs <- err
					}
				}
			}()
		}
		for i := 0; i < *count; i++ {
			next <- i
		}
		close(next)
		wg.Wait()
		close(errs)
		for err := range errs {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		out["wallMs"] = float64(time.Since(t0).Microseconds()) / 1000
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
