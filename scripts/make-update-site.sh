#!/usr/bin/env bash
# Assemble the Fiji update site from the built artefacts into OUTPUT_DIR (default: target/update-site/).
#
#   bash scripts/make-update-site.sh [OUTPUT_DIR]
#
# Builds the modules when target/diffusion-fiji.jar is missing or older than a module's sources or a pom.xml,
# fetches the TensorFlow native jars of the other platforms from Maven Central, and runs
# sc.fiji.diffusion.site.UpdateSiteAssembler, which publishes the plugin module's jar (diffusion-fiji: the
# commands, nothing of the tools) with the engine and the priors in jars/, TensorFlow Java in
# lib/diffusion-fiji/, and writes every file as <path>-<timestamp> plus
# db.xml.gz and verifies the result. An existing db.xml.gz in OUTPUT_DIR is taken as the previous
# release: unchanged files keep their version, changed ones get a new one (see update-site/README.md).
# TIMESTAMP=yyyyMMddHHmmss fixes the release time (default: now) for a reproducible output.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-target/update-site}
tf_version=1.1.0

if [[ ! -f target/diffusion-fiji.jar || ! -d target/lib || -n $(find */src pom.xml */pom.xml -newer target/diffusion-fiji.jar -print -quit) ]]; then
	echo "Building (mvn package -DskipTests)..."
	mvn -q -B package -DskipTests
fi

# Native jars: linux64 comes with the build (target/lib); the others are fetched once into target/natives/.
# tensorflow-core-native carries its JNI library and the TensorFlow libraries; no javacpp platform jar is
# needed at run time (checked: TensorFlow runs with target/lib alone, which has none).
mkdir -p target/natives
declare -A platforms=([win64]=windows-x86_64 [macos-arm64]=macosx-arm64 [linux-arm64]=linux-arm64)
native_args=(--native "linux64=target/lib/tensorflow-core-native-$tf_version-linux-x86_64.jar")
for platform in "${!platforms[@]}"; do
	classifier=${platforms[$platform]}
	jar=target/natives/tensorflow-core-native-$tf_version-$classifier.jar
	if [[ ! -f $jar ]]; then
		echo "Fetching $jar..."
		mvn -q -B dependency:copy -Dartifact="org.tensorflow:tensorflow-core-native:$tf_version:jar:$classifier" \
			-DoutputDirectory=target/natives
	fi
	native_args+=(--native "$platform=$jar")
done

# Library jars of target/lib that Fiji does not ship. Not published, because every Fiji has them and a
# copy on this site would shadow (possibly downgrade) Fiji's own: ij, imglib2, scijava-common, parsington,
# gson, JTransforms. jhdf (ISMRMRD files) is not in Fiji and comes with the engine.
jar_args=()
for name in tensorflow-core-api tensorflow-framework tensorflow-core-native javacpp ndarray protobuf-java jhdf; do
	jar=
	for candidate in target/lib/*.jar; do  # name-version.jar, not name-version-classifier.jar
		if [[ $(basename "$candidate") =~ ^$name-[0-9][0-9.]*\.jar$ ]]; then
			[[ -z $jar ]] || { echo "Two versions of $name in target/lib ($jar, $candidate): a build of another version left one; run 'mvn clean package -DskipTests'" >&2; exit 1; }
			jar=$candidate
		fi
	done
	[[ -n $jar ]] || { echo "No $name jar in target/lib" >&2; exit 1; }
	jar_args+=(--jar "$jar")
done

# This project's jars, as the modules built them into target/lib: the plugin, and the engine and priors it needs.
project_jar() {
	local jar
	jar=$(ls target/lib/"$1"-[0-9]*.jar 2>/dev/null | head -n 1)
	[[ -n $jar ]] || { echo "No $1 jar in target/lib" >&2; exit 1; }
	echo "$jar"
}
plugin=$(project_jar diffusion-fiji)
classpath_args=(--classpath-jar "$(project_jar diffusion-engine)" --classpath-jar "$(project_jar diffusion-priors)")

macro_args=()
shopt -s nullglob
for macro in macros/*.ijm; do
	macro_args+=(--macro "$macro")
done

timestamp_args=()
[[ -n ${TIMESTAMP:-} ]] && timestamp_args=(--timestamp "$TIMESTAMP")

java -cp "target/diffusion-fiji.jar:target/lib/*" sc.fiji.diffusion.site.UpdateSiteAssembler "$out" \
	--main "$plugin" "${classpath_args[@]}" "${jar_args[@]}" "${native_args[@]}" "${macro_args[@]}" "${timestamp_args[@]}"
