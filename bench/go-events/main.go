// A witness for bench/wait-at-scale.ts: containerd's own Go client subscribed to the daemon's events of one
// namespace, in a process of its own, printing for each TaskExit of an init process the time it reached this
// process. Comparing that with when the same exit reached the product's waiter tells the daemon's publish path
// (a Go subscriber sees the exit late too) from the product's own receive and dispatch (only ours sees it late).
// Prints "ready" once the Subscribe is sent and the daemon answers, then one JSON line per exit:
// {"id": container id, "exitedAt": ms, "published": ms (the envelope's timestamp), "arrived": ms}, all Unix ms.
// Bench only, never part of `npm test`: built by the bench with Debian's golang-go and
// golang-github-containerd-containerd-dev (GOPATH mode).
//
//	go-events -address SOCK -namespace NS
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	eventstypes "github.com/containerd/containerd/api/events"
	"github.com/containerd/containerd"
	"github.com/containerd/containerd/namespaces"
	"github.com/containerd/typeurl"
)

func ms(t time.Time) float64 { return float64(t.UnixNano()) / 1e6 }

func main() {
	address := flag.String("address", "", "the daemon's socket")
	namespace := flag.String("namespace", "default", "the namespace to watch")
	flag.Parse()
	client, err := containerd.New(*address)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer client.Close()
	ctx := namespaces.WithNamespace(context.Background(), *namespace)
	envelopes, errs := client.Subscribe(ctx, fmt.Sprintf(`namespace==%s,topic=="/tasks/exit"`, *namespace))
	// the daemon answers: the bench gives the Subscribe a second to open before any exit
	if _, err := client.Version(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("ready")
	out := json.NewEncoder(os.Stdout)
	for {
		select {
		case e := <-envelopes:
			arrived := time.Now()
			v, err := typeurl.UnmarshalAny(e.Event)
			if err != nil {
				continue
			}
			exit, ok := v.(*eventstypes.TaskExit)
			if !ok || exit.ID != exit.ContainerID {
				continue
			}
			out.Encode(map[string]interface{}{"id": exit.ContainerID, "exitedAt": ms(exit.ExitedAt), "published": ms(e.Timestamp), "arrived": ms(arrived)})
		case err := <-errs:
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
