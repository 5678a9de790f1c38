// The cert-manager controller as the tests and the eks rehearsal run it: cert-manager's own control loops, from
// the github.com/cert-manager/cert-manager module at the version the stack installs, hosted by this small main.
// Why not cert-manager's own main: it is the nested module github.com/cert-manager/cert-manager/cmd/controller,
// which its project never tags, so the Go module proxy cannot serve it (404). The loops are registered by the
// packages imported below (each registers itself in pkg/controller) and started as cert-manager's main starts them:
// a context factory, one constructor per enabled loop run with 5 workers, then the shared informers. Its options are
// cert-manager's own defaults (internal/apis/config/controller/v1alpha1/defaults.go in the module), but for the
// cluster resource namespace, which the chart sets to the pod's namespace. Only the loops an Issuer of type CA and
// its Certificates need are enabled: no ACME, Vault or Venafi issuers, no ingress or gateway shims, no leader
// election, no metrics or health server (nothing here scrapes or probes it).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"syscall"
	"time"

	controllerpkg "github.com/cert-manager/cert-manager/pkg/controller"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/approver"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/ca"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/issuing"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/keymanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/readiness"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/requestmanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/revisionmanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/trigger"
	_ "github.com/cert-manager/cert-manager/pkg/controller/issuers"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/ca"
	logf "github.com/cert-manager/cert-manager/pkg/logs"
)

// The loops an Issuer of type CA and its Certificates need, by the names cert-manager registers them under (all
// in its DefaultEnabledControllers).
var enabled = []string{
	"issuers",
	"certificaterequests-approver",
	"certificaterequests-issuer-ca",
	"certificates-trigger",
	"certificates-key-manager",
	"certificates-request-manager",
	"certificates-issuing",
	"certificates-readiness",
	"certificates-revision-manager",
}

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the API server to run against")
	namespace := flag.String("namespace", "", "watch only this namespace (all when empty)")
	clusterResourceNamespace := flag.String("cluster-resource-namespace", "cert-manager", "where ClusterIssuers' secrets live (the chart passes the pod's namespace)")
	flag.Parse()
	logf.InitLogs()

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	ctx = logf.NewContext(ctx, logf.Log, "controller")
	log := logf.FromContext(ctx)

	// cert-manager's defaults (defaults.go): QPS 20, burst 50, owner references off, every annotation copied but
	// kubectl's, Flux's and Argo CD's, a failed request retried after 1 h doubling to 32 h, ambient credentials
	// for ClusterIssuers only.
	factory, err := controllerpkg.NewContextFactory(ctx, controllerpkg.ContextOptions{
		Kubeconfig:         *kubeconfig,
		KubernetesAPIQPS:   20,
		KubernetesAPIBurst: 50,
		Namespace:          *namespace,
		IssuerOptions: controllerpkg.IssuerOptions{
			ClusterResourceNamespace:        *clusterResourceNamespace,
			ClusterIssuerAmbientCredentials: true,
		},
		CertificateOptions: controllerpkg.CertificateOptions{
			CopiedAnnotationPrefixes:                 []string{"*", "-kubectl.kubernetes.io/", "-fluxcd.io/", "-argocd.argoproj.io/"},
			CertificateRequestMinimumBackoffDuration: time.Hour,
			CertificateRequestMaximumBackoffDuration: 32 * time.Hour,
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "cert-manager: %v\n", err)
		os.Exit(1)
	}

	known := controllerpkg.Known()
	failed := make(chan error, len(enabled))
	for _, name := range enabled {
		construct, ok := known[name]
		if !ok {
			names := make([]string, 0, len(known))
			for n := range known {
				names = append(names, n)
			}
			sort.Strings(names)
			fmt.Fprintf(os.Stderr, "cert-manager: no control loop %q is registered (registered: %v)\n", name, names)
			os.Exit(1)
		}
		loop, err := construct(factory)
		if err != nil {
			fmt.Fprintf(os.Stderr, "cert-manager: starting %s: %v\n", name, err)
			os.Exit(1)
		}
		go func(name string, loop controllerpkg.Interface) {
			log.Info("starting control loop", "controller", name)
			if err := loop.Run(5, ctx); err != nil {
				failed <- fmt.Errorf("%s: %w", name, err)
			}
		}(name, loop)
	}

	// The informers every loop registered with, shared, started once all are constructed (as cmd/controller does).
	shared, err := factory.Build()
	if err != nil {
		fmt.Fprintf(os.Stderr, "cert-manager: %v\n", err)
		os.Exit(1)
	}
	shared.KubeSharedInformerFactory.Start(ctx.Done())
	shared.SharedInformerFactory.Start(ctx.Done())
	shared.HTTP01ResourceMetadataInformersFactory.Start(ctx.Done())
	log.Info("cert-manager control loops started", "controllers", enabled)

	select {
	case <-ctx.Done():
	case err := <-failed:
		fmt.Fprintf(os.Stderr, "cert-manager: %v\n", err)
		os.Exit(1)
	}
}
